import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0005_content_in_nynorsk_and_english"),
    ]

    operations = [
        migrations.AlterField(
            model_name="nomination",
            name="edit_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.RemoveConstraint(
            model_name="nomination",
            name="one_nomination_per_municipality",
        ),
        migrations.AddConstraint(
            model_name="nomination",
            constraint=models.UniqueConstraint(
                condition=models.Q(("eligibility", "eligible")),
                fields=("edition", "municipality"),
                name="one_eligible_nomination_per_municipality",
            ),
        ),
    ]
