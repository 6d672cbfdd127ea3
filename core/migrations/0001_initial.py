"""The outgoing-email outbox of `core.emails`."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='OutgoingEmail',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('to', models.JSONField(verbose_name='destinataires')),
                ('subject', models.CharField(max_length=255, verbose_name='objet')),
                ('text_body', models.TextField(verbose_name='texte')),
                ('html_body', models.TextField(blank=True, verbose_name='HTML')),
                ('headers', models.JSONField(blank=True, default=dict, verbose_name='en-têtes')),
                ('from_email', models.CharField(blank=True, max_length=255, verbose_name='expéditeur')),
                ('status', models.CharField(choices=[('pending', 'en attente'), ('sent', 'envoyé'), ('failed', 'échec définitif')], default='pending', max_length=10, verbose_name='état')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='tentatives')),
                ('last_error', models.TextField(blank=True, verbose_name='dernière erreur')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='créé le')),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='envoyé le')),
                ('next_attempt_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='prochaine tentative')),
            ],
            options={
                'verbose_name': 'courriel sortant',
                'verbose_name_plural': 'courriels sortants',
                'ordering': ['-created_at'],
                'indexes': [models.Index(fields=['status', 'created_at'], name='outbox_status_idx'), models.Index(fields=['status', 'next_attempt_at'], name='outbox_due_idx')],
            },
        ),
    ]
