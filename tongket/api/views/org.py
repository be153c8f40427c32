"""Units and people over REST. Reads through the scoped selectors, writes through services."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from tongket.api.serializers.org import (
    ChangeLogSerializer,
    DissolveSerializer,
    MergeSerializer,
    MoveSerializer,
    PersonCreateSerializer,
    PersonDetailSerializer,
    PersonMergeSerializer,
    PersonSerializer,
    PersonUpdateSerializer,
    PositionAddSerializer,
    PositionSerializer,
    RankAddSerializer,
    RankSerializer,
    RenameSerializer,
    SplitSerializer,
    UnitCreateSerializer,
    UnitDetailSerializer,
    UnitLineEndSerializer,
    UnitLineWriteSerializer,
    UnitSerializer,
    UnitUpdateSerializer,
    UserPersonSerializer,
    UserSerializer,
)
from tongket.core.errors import NotFound
from tongket.core.selectors import changelog_for_object
from tongket.org import partners, selectors, services
from tongket.org.choices import Line
from tongket.org.lines import line_descendant_ids, valid_q
from tongket.org.models import Person, Unit, UnitLine, User


def _params(request: Request) -> Any:
    """The query parameters; one holding a null character is refused (the database cannot
    hold it)."""
    for name, value in request.query_params.items():
        if "\x00" in value:
            raise ValidationError({name: [_("Null characters are not allowed.")]})
    return request.query_params


def _valid(serializer_class: type, request: Request, **kwargs: Any) -> dict[str, Any]:
    serializer = serializer_class(data=request.data, context={"request": request}, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@extend_schema(tags=["units"])
class UnitViewSet(viewsets.GenericViewSet, mixins.ListModelMixin):
    """The organization tree. `?search=` ignores case and diacritics and matches former
    names and codes; `?code=` resolves a current or former code."""

    serializer_class = UnitSerializer

    def get_queryset(self) -> QuerySet[Unit]:
        params = _params(self.request)
        units = selectors.unit_list(
            user=self.request.user,
            search=params.get("search"),
            code=params.get("code"),
            kind=params.get("kind"),
            include_dissolved=params.get("active") not in {"1", "true"},
        )
        line, below = params.get("line"), params.get("below")
        if line or below:
            if line not in Line.values or not below:
                raise ValidationError(
                    {"line": [_("Give a line (party, command, state) and a unit code as below.")]}
                )
            try:
                top = partners.partner_unit(code=below)
            except NotFound:
                raise ValidationError({"below": [_("No unit has this code.")]}) from None
            units = units.filter(pk__in=line_descendant_ids([top.pk], line=line))
        today = timezone.localdate()
        return units.select_related("linked_unit", "linked_from").prefetch_related(
            Prefetch(
                "line_links",
                queryset=UnitLine.objects.filter(valid_q(today)).select_related("superior"),
                to_attr="current_lines",
            )
        )

    def get_object(self) -> Unit:
        return selectors.unit_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "search", str, description="Words of a name, abbreviation or code (any accents)"
            ),
            OpenApiParameter("code", str, description="A current or former code"),
            OpenApiParameter("kind", str),
            OpenApiParameter("active", bool, description="Only units not dissolved"),
            OpenApiParameter(
                "line", str, enum=Line.values, description="With `below`: browse a line"
            ),
            OpenApiParameter(
                "below", str, description="Units below this one (its code) in `line`, today"
            ),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=UnitDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(UnitDetailSerializer(self.get_object()).data)

    @extend_schema(request=UnitCreateSerializer, responses={201: UnitDetailSerializer})
    def create(self, request: Request) -> Response:
        unit = services.unit_create(by=request.user, **_valid(UnitCreateSerializer, request))
        return Response(UnitDetailSerializer(unit).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=UnitUpdateSerializer, responses=UnitDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        unit = services.unit_update(
            by=request.user, unit=self.get_object(), **_valid(UnitUpdateSerializer, request)
        )
        return Response(UnitDetailSerializer(unit).data)

    @extend_schema(request=UnitUpdateSerializer, responses=UnitDetailSerializer)
    def update(self, request: Request, pk: str) -> Response:
        return self.partial_update(request, pk)

    @extend_schema(request=RenameSerializer, responses=UnitDetailSerializer)
    @action(detail=True, methods=["post"])
    def rename(self, request: Request, pk: str) -> Response:
        unit = services.unit_rename(
            by=request.user, unit=self.get_object(), **_valid(RenameSerializer, request)
        )
        return Response(UnitDetailSerializer(unit).data)

    @extend_schema(request=MoveSerializer, responses=UnitDetailSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str) -> Response:
        unit = services.unit_move(
            by=request.user, unit=self.get_object(), **_valid(MoveSerializer, request)
        )
        return Response(UnitDetailSerializer(unit).data)

    @extend_schema(
        request=MergeSerializer,
        responses=UnitDetailSerializer,
        description="Merge this unit and `sources` into `target` or into a new unit.",
    )
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str) -> Response:
        unit = self.get_object()
        data = _valid(MergeSerializer, request)
        sources = [unit, *data.pop("sources")]
        result = services.unit_merge(by=request.user, sources=sources, **data)
        return Response(UnitDetailSerializer(result).data)

    @extend_schema(request=SplitSerializer, responses=UnitDetailSerializer(many=True))
    @action(detail=True, methods=["post"])
    def split(self, request: Request, pk: str) -> Response:
        unit = self.get_object()
        data = _valid(SplitSerializer, request)
        children_to = {}
        for code, index in data.pop("children_to").items():
            child = selectors.unit_resolve(user=request.user, code=code)
            children_to[child.pk] = index
        results = services.unit_split(by=request.user, unit=unit, children_to=children_to, **data)
        return Response(UnitDetailSerializer(results, many=True).data)

    @extend_schema(request=DissolveSerializer, responses=UnitDetailSerializer)
    @action(detail=True, methods=["post"])
    def dissolve(self, request: Request, pk: str) -> Response:
        unit = services.unit_dissolve(
            by=request.user, unit=self.get_object(), **_valid(DissolveSerializer, request)
        )
        return Response(UnitDetailSerializer(unit).data)

    @extend_schema(request=UnitLineWriteSerializer, responses={201: UnitDetailSerializer})
    @action(detail=True, methods=["post"])
    def lines(self, request: Request, pk: str) -> Response:
        """Place the unit under a superior in a line from a date (a dated move in that line,
        or an added superior when `primary` is false)."""
        unit = self.get_object()
        services.unit_line_set(
            by=request.user, unit=unit, **_valid(UnitLineWriteSerializer, request)
        )
        return Response(
            UnitDetailSerializer(selectors.unit_get(user=request.user, pk=unit.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=UnitLineEndSerializer, responses=UnitDetailSerializer)
    @action(detail=True, methods=["post"], url_path="lines/end")
    def lines_end(self, request: Request, pk: str) -> Response:
        """End one of the unit's places in a line on a date."""
        unit = self.get_object()
        data = _valid(UnitLineEndSerializer, request)
        link = UnitLine.objects.filter(unit=unit, pk=data["link"]).first()
        if link is None:
            raise ValidationError({"link": [_("This unit has no such place in a line.")]})
        services.unit_line_end(by=request.user, link=link, valid_to=data["valid_to"])
        return Response(
            UnitDetailSerializer(selectors.unit_get(user=request.user, pk=unit.pk)).data
        )

    @extend_schema(responses=UnitSerializer(many=True))
    @action(detail=True, methods=["get"])
    def children(self, request: Request, pk: str) -> Response:
        unit = self.get_object()
        page = self.paginate_queryset(
            selectors.unit_children(user=request.user, unit=unit, include_dissolved=True)
        )
        return self.get_paginated_response(UnitSerializer(page, many=True).data)

    @extend_schema(responses=ChangeLogSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str) -> Response:
        page = self.paginate_queryset(changelog_for_object(obj=self.get_object()))
        return self.get_paginated_response(
            ChangeLogSerializer(page, many=True, context=self.get_serializer_context()).data
        )


@extend_schema(tags=["people"])
class PersonViewSet(viewsets.GenericViewSet, mixins.ListModelMixin):
    """People with their dated ranks and positions."""

    serializer_class = PersonSerializer

    def get_queryset(self) -> QuerySet[Person]:
        params = _params(self.request)
        unit = None
        if params.get("unit"):
            unit = selectors.unit_resolve(user=self.request.user, code=params["unit"])
        return selectors.person_list(user=self.request.user, search=params.get("search"), unit=unit)

    def get_object(self) -> Person:
        return selectors.person_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str),
            OpenApiParameter("unit", str, description="unit code"),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=PersonDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(PersonDetailSerializer(self.get_object()).data)

    @extend_schema(request=PersonCreateSerializer, responses={201: PersonDetailSerializer})
    def create(self, request: Request) -> Response:
        """Register a person. While the registry holds people of the same name (folded:
        case, accents and spacing aside; the same rule as the registration page,
        `org.services.person_register`), answers 409 (code `duplicates`) listing them in
        `matches`, those of the same unit first: pick one of them, or send again with
        `confirm_namesake` true for a namesake."""
        person = services.person_register(
            by=request.user, **_valid(PersonCreateSerializer, request)
        )
        return Response(PersonDetailSerializer(person).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PersonUpdateSerializer, responses=PersonDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        data = _valid(PersonUpdateSerializer, request)
        version = data.pop("version", None)
        person = services.person_update(
            by=request.user, person=self.get_object(), version=version, **data
        )
        return Response(PersonDetailSerializer(person).data)

    @extend_schema(request=RankAddSerializer, responses={201: PersonDetailSerializer})
    @action(detail=True, methods=["post"])
    def ranks(self, request: Request, pk: str) -> Response:
        person = self.get_object()
        services.rank_add(by=request.user, person=person, **_valid(RankAddSerializer, request))
        return Response(PersonDetailSerializer(person).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PositionAddSerializer, responses={201: PositionSerializer})
    @action(detail=True, methods=["post"])
    def positions(self, request: Request, pk: str) -> Response:
        position = services.position_add(
            by=request.user, person=self.get_object(), **_valid(PositionAddSerializer, request)
        )
        return Response(PositionSerializer(position).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PersonMergeSerializer, responses=PersonDetailSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str) -> Response:
        """Merge a duplicate record (`drop`) into this one: its ranks, posts, meeting roles,
        seats and login move here, then it is removed."""
        keep = self.get_object()  # another branch's record: 404 before anything is read
        data = _valid(PersonMergeSerializer, request)
        person = services.person_merge(by=request.user, keep=keep, drop=data["drop"])
        return Response(PersonDetailSerializer(person).data)

    @extend_schema(responses=ChangeLogSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str) -> Response:
        page = self.paginate_queryset(changelog_for_object(obj=self.get_object()))
        return self.get_paginated_response(
            ChangeLogSerializer(page, many=True, context=self.get_serializer_context()).data
        )


@extend_schema(tags=["users"])
class UserViewSet(viewsets.GenericViewSet, mixins.ListModelMixin):
    """The logins of the caller's units (`Action.SEE_USERS`: administrators and tracking
    officers see every user holding a role on a unit of their subtrees, or of a line their
    grant reaches along), each with its full name, roles, granted units with the line of each
    grant, whether it is active, and the registry person it belongs to. Anyone else's list is
    empty and any other user is 404. Linking a person stays with administrators
    (`Action.MANAGE_USERS`: 403 for a tracking officer)."""

    serializer_class = UserSerializer

    def get_queryset(self) -> QuerySet[User]:
        return selectors.user_directory(
            user=self.request.user, search=_params(self.request).get("search")
        )

    def get_object(self) -> User:
        return selectors.user_directory_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str, description="Words of the user name or person's name")
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=UserSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(UserSerializer(self.get_object()).data)

    @extend_schema(request=UserPersonSerializer, responses=UserSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Link the login to the person it belongs to, or unlink it (`person` null);
        `version` as read is required (409 with the current version when stale)."""
        user = self.get_object()
        services.user_person_set(
            by=request.user, user=user, **_valid(UserPersonSerializer, request)
        )
        return Response(
            UserSerializer(selectors.user_directory_get(user=request.user, pk=user.pk)).data
        )


@extend_schema(tags=["people"])
class RankViewSet(viewsets.ReadOnlyModelViewSet):
    """The army's ranks, lowest first (reference data, not scoped)."""

    serializer_class = RankSerializer
    lookup_field = "code"
    pagination_class = None

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.rank_list()
