from django.core.management.base import BaseCommand

from ks_portal.map_outline import build


class Command(BaseCommand):
    help = (
        "Write static/geo/indonesia.geojson, the map's base layer, from Natural Earth's "
        "countries-10m.json (npm world-atlas 2.0.2)."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="path to countries-10m.json")

    def handle(self, *args, source, **options):
        output = build(source)
        self.stdout.write(f"{output}: {output.stat().st_size} bytes")
