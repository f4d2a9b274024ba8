import uuid

from django.db import migrations, models


def give_each_vote_a_random_id(apps, schema_editor):
    Vote = apps.get_model("voting", "Vote")
    for vote in Vote.objects.filter(public_id__isnull=True).only("pk").iterator():
        Vote.objects.filter(pk=vote.pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("voting", "0002_vote_personal_data_erasable"),
    ]

    operations = [
        migrations.AddField(
            model_name="vote",
            name="public_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_vote_a_random_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="vote",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.CreateModel(
            name="SpentChallenge",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("nonce", models.CharField(max_length=100, unique=True)),
                ("expires_at", models.DateTimeField(db_index=True)),
            ],
        ),
    ]
