from django.core.management.base import BaseCommand, CommandError

from forums.view_counts import flush_view_counts


class Command(BaseCommand):
    help = (
        "Write the post views counted in the cache since the last run to the database "
        "(one UPDATE per post, in one transaction). Run it every few minutes, on a machine "
        "that sees the same view-count cache as the app servers (Redis, or without Redis "
        "the app server's own machine)."
    )

    def handle(self, *args, **options):
        result = flush_view_counts()
        if result is None:
            raise CommandError("Another flush_view_counts is running; nothing written.")
        posts, views = result
        self.stdout.write(self.style.SUCCESS(f"{views} views of {posts} posts written."))
