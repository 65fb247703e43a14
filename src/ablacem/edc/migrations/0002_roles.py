"""Create the study roles as Django groups (permissions are answered by ablacem.edc.roles.can)."""

from django.db import migrations

ROLE_NAMES = ("coordinator", "investigator", "data_manager", "monitor", "statistician")


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_NAMES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_NAMES, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("edc", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_roles, remove_roles)]
