"""The spent proof-of-work challenges move to the award app, below every app that asks for one.

Only Django's idea of the model moves: the table is renamed in place
(voting_spentchallenge to award_spentchallenge), so every spent nonce stays
spent across the move. award.0009 takes the model up and moves its content type.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("voting", "0005_vote_list_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="spentchallenge", table="award_spentchallenge"),
            ],
            state_operations=[
                migrations.DeleteModel(name="SpentChallenge"),
            ],
        ),
    ]
