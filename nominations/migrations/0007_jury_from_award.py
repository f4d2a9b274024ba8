"""The jury arrives from the award app: its models, on the tables award.0008 renamed.

The content types move with them, so that every permission, every group's
permission and every entry in the admin's log stays attached to its model.
"""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


JURY_MODELS = [
    "jurymember",
    "conflict",
    "assessment",
    "historicaljurymember",
    "historicalconflict",
    "historicalassessment",
]


def move_content_types(source, target):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        ContentType.objects.using(schema_editor.connection.alias).filter(
            app_label=source, model__in=JURY_MODELS
        ).update(app_label=target)
        ContentType.objects.clear_cache()

    return move


class Migration(migrations.Migration):

    dependencies = [
        ('award', '0008_jury_moves_to_nominations'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('municipalities', '0001_initial'),
        ('nominations', '0006_every_claim_kept_and_links_by_random_key'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HistoricalJuryMember',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('edition', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='award.edition', verbose_name='prisrunde')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='bruker')),
                    ],
                    options={
                        'verbose_name': 'historical jurymedlem',
                        'verbose_name_plural': 'historical jurymedlemmer',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='JuryMember',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('edition', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='jury', to='award.edition', verbose_name='prisrunde')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='jury_seats', to=settings.AUTH_USER_MODEL, verbose_name='bruker')),
                    ],
                    options={
                        'verbose_name': 'jurymedlem',
                        'verbose_name_plural': 'jurymedlemmer',
                        'ordering': ['-edition__year', 'user__last_name', 'user__first_name'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalConflict',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('reason', models.CharField(blank=True, help_text='For eksempel arbeidsgiver eller hjemkommune.', max_length=300, verbose_name='grunn')),
                        ('declared_at', models.DateTimeField(blank=True, editable=False, verbose_name='meldt')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('municipality', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='municipalities.municipality', verbose_name='kommune')),
                        ('juror', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='nominations.jurymember', verbose_name='jurymedlem')),
                    ],
                    options={
                        'verbose_name': 'historical inhabilitet',
                        'verbose_name_plural': 'historical inhabiliteter',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalAssessment',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('score_results', models.PositiveSmallIntegerField(blank=True, choices=[(1, '1'), (2, '2'), (3, '3'), (4, '4'), (5, '5')], null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='Resultater i introduksjonsprogrammet')),
                        ('score_settlement', models.PositiveSmallIntegerField(blank=True, choices=[(1, '1'), (2, '2'), (3, '3'), (4, '4'), (5, '5')], null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='Engasjement og fleksibilitet i bosettingen')),
                        ('score_projects', models.PositiveSmallIntegerField(blank=True, choices=[(1, '1'), (2, '2'), (3, '3'), (4, '4'), (5, '5')], null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='Nye prosjekter og tiltak')),
                        ('score_qualification', models.PositiveSmallIntegerField(blank=True, choices=[(1, '1'), (2, '2'), (3, '3'), (4, '4'), (5, '5')], null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='Tilpasset program og kvalifisering til formell kompetanse')),
                        ('comment', models.TextField(blank=True, max_length=3000, verbose_name='kommentar')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='sendt inn')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='sist endret')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('nomination', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='nominations.nomination', verbose_name='forslag')),
                        ('juror', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='nominations.jurymember', verbose_name='jurymedlem')),
                    ],
                    options={
                        'verbose_name': 'historical poenggivning',
                        'verbose_name_plural': 'historical poenggivninger',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='Conflict',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', models.CharField(blank=True, help_text='For eksempel arbeidsgiver eller hjemkommune.', max_length=300, verbose_name='grunn')),
                        ('declared_at', models.DateTimeField(auto_now_add=True, verbose_name='meldt')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='jury_conflicts', to='municipalities.municipality', verbose_name='kommune')),
                        ('juror', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='conflicts', to='nominations.jurymember', verbose_name='jurymedlem')),
                    ],
                    options={
                        'verbose_name': 'inhabilitet',
                        'verbose_name_plural': 'inhabiliteter',
                        'ordering': ['-declared_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Assessment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('score_results', models.PositiveSmallIntegerField(blank=True, choices=[(1, '1'), (2, '2'), (3, '3'), (4, '4'), (5, '5')], null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='Resultater i introduksjonsprogrammet')),
                        ('score_settlement', models.PositiveSmallIntegerField(blank=True, choices=[(1, '1'), (2, '2'), (3, '3'), (4, '4'), (5, '5')], null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='Engasjement og fleksibilitet i bosettingen')),
                        ('score_projects', models.PositiveSmallIntegerField(blank=True, choices=[(1, '1'), (2, '2'), (3, '3'), (4, '4'), (5, '5')], null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='Nye prosjekter og tiltak')),
                        ('score_qualification', models.PositiveSmallIntegerField(blank=True, choices=[(1, '1'), (2, '2'), (3, '3'), (4, '4'), (5, '5')], null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='Tilpasset program og kvalifisering til formell kompetanse')),
                        ('comment', models.TextField(blank=True, max_length=3000, verbose_name='kommentar')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='sendt inn')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='sist endret')),
                        ('nomination', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assessments', to='nominations.nomination', verbose_name='forslag')),
                        ('juror', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assessments', to='nominations.jurymember', verbose_name='jurymedlem')),
                    ],
                    options={
                        'verbose_name': 'poenggivning',
                        'verbose_name_plural': 'poenggivninger',
                        'ordering': ['nomination', 'juror'],
                        'permissions': [('view_all_assessments', 'Kan se alle jurymedlemmenes poeng')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='jurymember',
                    constraint=models.UniqueConstraint(fields=('edition', 'user'), name='one_seat_per_edition'),
                ),
                migrations.AddConstraint(
                    model_name='conflict',
                    constraint=models.UniqueConstraint(fields=('juror', 'municipality'), name='one_conflict_per_juror_and_municipality'),
                ),
                migrations.AddConstraint(
                    model_name='assessment',
                    constraint=models.UniqueConstraint(fields=('juror', 'nomination'), name='one_assessment_per_juror_and_nomination'),
                ),
                migrations.AddConstraint(
                    model_name='assessment',
                    constraint=models.CheckConstraint(condition=models.Q(('score_results__isnull', True), models.Q(('score_results__gte', 1), ('score_results__lte', 5)), _connector='OR'), name='score_results_from_1_to_5'),
                ),
                migrations.AddConstraint(
                    model_name='assessment',
                    constraint=models.CheckConstraint(condition=models.Q(('score_settlement__isnull', True), models.Q(('score_settlement__gte', 1), ('score_settlement__lte', 5)), _connector='OR'), name='score_settlement_from_1_to_5'),
                ),
                migrations.AddConstraint(
                    model_name='assessment',
                    constraint=models.CheckConstraint(condition=models.Q(('score_projects__isnull', True), models.Q(('score_projects__gte', 1), ('score_projects__lte', 5)), _connector='OR'), name='score_projects_from_1_to_5'),
                ),
                migrations.AddConstraint(
                    model_name='assessment',
                    constraint=models.CheckConstraint(condition=models.Q(('score_qualification__isnull', True), models.Q(('score_qualification__gte', 1), ('score_qualification__lte', 5)), _connector='OR'), name='score_qualification_from_1_to_5'),
                ),
                migrations.AddConstraint(
                    model_name='assessment',
                    constraint=models.CheckConstraint(condition=models.Q(('submitted_at__isnull', True), models.Q(('score_projects__isnull', False), ('score_qualification__isnull', False), ('score_results__isnull', False), ('score_settlement__isnull', False)), _connector='OR'), name='submitted_assessment_is_complete'),
                ),
            ],
        ),
        migrations.RunPython(
            move_content_types("award", "nominations"),
            move_content_types("nominations", "award"),
        ),
    ]
