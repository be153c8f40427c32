"""`tongket api_token <username>`: print the user's API token, creating it if needed."""

from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from tongket.org.models import User


class Command(BaseCommand):
    help = "Print a user's API token (Authorization: Token <key>), creating it if needed."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("username")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user named {options['username']!r}.")
        token, _created = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
