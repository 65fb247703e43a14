"""Sites (issue 14): the default site owns every existing patient, and every existing user belongs to it.

The default site is made from settings ``ABLACEM_SITE_CODE``, ``ABLACEM_SITE_NAME`` and
``TIME_ZONE``. Data managers, monitors and statisticians who existed before sites keep seeing the
whole study once a second site is added; coordinators and investigators keep the default site.
Only the live patient rows get the site: the history rows written before keep it empty (null),
so their audit-chain hashes are unchanged.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


WHOLE_STUDY_ROLES = ("data_manager", "monitor", "statistician")


def create_default_site(apps, schema_editor):
    Site = apps.get_model("edc", "Site")
    Patient = apps.get_model("edc", "Patient")
    SiteAccess = apps.get_model("edc", "SiteAccess")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    site, _ = Site.objects.get_or_create(
        code=settings.ABLACEM_SITE_CODE, defaults={"name": settings.ABLACEM_SITE_NAME, "time_zone": settings.TIME_ZONE}
    )
    Patient.objects.filter(site__isnull=True).update(site=site)
    for user in User.objects.all():
        roles = set(user.groups.values_list("name", flat=True))
        access = SiteAccess.objects.create(user=user, whole_study=bool(roles & set(WHOLE_STUDY_ROLES)))
        access.sites.add(site)


class Migration(migrations.Migration):
    dependencies = [
        ("edc", "0016_open_problems"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Site",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=8, unique=True, verbose_name="Site code")),
                ("name", models.CharField(max_length=100, verbose_name="Site name")),
                ("time_zone", models.CharField(max_length=64, verbose_name="Time zone")),
            ],
            options={
                "ordering": ["code"],
            },
        ),
        migrations.AddField(
            model_name="historicalpatient",
            name="site",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="edc.site",
            ),
        ),
        migrations.AddField(
            model_name="patient",
            name="site",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="patients",
                to="edc.site",
            ),
        ),
        migrations.CreateModel(
            name="SiteAccess",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("whole_study", models.BooleanField(default=False)),
                ("sites", models.ManyToManyField(blank=True, related_name="members", to="edc.site")),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="site_access",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.RunPython(create_default_site, migrations.RunPython.noop),
    ]
