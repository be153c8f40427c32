"""The replica router sends a user's reads to the primary wherever lag would show them an
older state than the one they just made."""

from django.http import HttpResponse
from django.test import RequestFactory

from config.routers import COOKIE, PrimaryAfterWriteMiddleware, ReplicaRouter
from tongket.org.models import Unit, User
from tongket.reporting.models import Rollup


def _reads(request) -> dict[str, str]:
    router = ReplicaRouter()
    seen: dict[str, str] = {}

    def view(request):
        seen["unit"] = router.db_for_read(Unit)
        seen["rollup"] = router.db_for_read(Rollup)
        seen["user"] = router.db_for_read(User)
        return HttpResponse("ok")

    response = PrimaryAfterWriteMiddleware(view)(request)
    seen["cookie"] = "yes" if COOKIE in response.cookies else "no"
    return seen


def test_plain_reads_go_to_the_replica_but_users_stay_on_the_primary():
    seen = _reads(RequestFactory().get("/dashboards/"))
    assert seen == {"unit": "replica", "rollup": "replica", "user": "default", "cookie": "no"}


def test_a_write_and_the_next_requests_of_the_same_browser_read_the_primary():
    seen = _reads(RequestFactory().post("/reports/1/submit/"))
    assert seen == {"unit": "default", "rollup": "default", "user": "default", "cookie": "yes"}
    factory = RequestFactory()
    factory.cookies[COOKIE] = "1"
    seen = _reads(factory.get("/reports/1/"))
    assert seen["rollup"] == "default" and seen["cookie"] == "no"
    # Outside the request the default is the replica again.
    assert ReplicaRouter().db_for_read(Rollup) == "replica"


def test_writes_always_go_to_the_primary_and_migrations_only_there():
    router = ReplicaRouter()
    assert router.db_for_write(Rollup) == "default"
    assert router.allow_migrate("default", "reporting") is True
    assert router.allow_migrate("replica", "reporting") is False
