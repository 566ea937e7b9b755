from django.db import migrations


def build(apps, schema_editor):
    """Sum the public funding lines already there; the portal keeps the figures after."""
    from reports.figures import insert_figures

    FundingLine = apps.get_model("activities", "FundingLine")
    models = (apps.get_model("reports", "RegencyFigure"), apps.get_model("reports", "ProvinceFigure"))
    public = FundingLine.objects.filter(
        activity__state="published", activity__forum__state="published"
    )
    for model in models:
        model.objects.all().delete()
    insert_figures(public, models=models)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_funding_figures")]

    operations = [migrations.RunPython(build, migrations.RunPython.noop)]
