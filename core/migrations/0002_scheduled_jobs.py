"""Runs of the scheduled jobs and their monitoring (core.jobs)."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='ScheduledJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('task', models.CharField(max_length=200, unique=True, verbose_name='tâche')),
                ('watched_since', models.DateTimeField(default=django.utils.timezone.now, verbose_name='surveillée depuis')),
                ('alerted_at', models.DateTimeField(blank=True, null=True, verbose_name='alerte envoyée le')),
            ],
            options={
                'verbose_name': 'tâche planifiée',
                'verbose_name_plural': 'tâches planifiées',
            },
        ),
        migrations.CreateModel(
            name='JobRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('task', models.CharField(max_length=200, verbose_name='tâche')),
                ('task_id', models.CharField(blank=True, max_length=255, verbose_name='identifiant Celery')),
                ('worker', models.CharField(blank=True, max_length=255, verbose_name='processus')),
                ('started_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='début')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='fin')),
                ('status', models.CharField(choices=[('running', 'en cours'), ('succeeded', 'réussie'), ('failed', 'échec')], default='running', max_length=10, verbose_name='état')),
                ('result', models.TextField(blank=True, verbose_name='résultat')),
                ('error', models.TextField(blank=True, verbose_name='erreur')),
            ],
            options={
                'verbose_name': 'exécution de tâche planifiée',
                'verbose_name_plural': 'exécutions des tâches planifiées',
                'ordering': ['-started_at'],
                'indexes': [models.Index(fields=['task', '-started_at'], name='jobrun_task_idx'), models.Index(fields=['task', 'status', 'finished_at'], name='jobrun_outcome_idx'), models.Index(fields=['started_at'], name='jobrun_started_idx')],
            },
        ),
    ]
