"""The spent proof-of-work challenges arrive from voting: the model, on the table voting.0006 renamed.

The content type moves with it, so that its permissions stay attached to the model.
"""

from django.db import migrations, models


def move_content_type(source, target):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        ContentType.objects.using(schema_editor.connection.alias).filter(
            app_label=source, model="spentchallenge"
        ).update(app_label=target)
        ContentType.objects.clear_cache()

    return move


class Migration(migrations.Migration):

    dependencies = [
        ("award", "0008_jury_moves_to_nominations"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("voting", "0006_spent_challenges_move_to_award"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SpentChallenge",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("nonce", models.CharField(max_length=100, unique=True)),
                        ("expires_at", models.DateTimeField(db_index=True)),
                    ],
                ),
            ],
        ),
        migrations.RunPython(
            move_content_type("voting", "award"),
            move_content_type("award", "voting"),
        ),
    ]
