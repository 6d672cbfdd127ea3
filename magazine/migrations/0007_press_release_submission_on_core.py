# Press releases join the shared submission pipeline (core.models.Submission), step 1 of 3: the new
# columns, and the renamed ones (contact_email → email, refusal_reason → decision_reason).

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('magazine', '0006_article_body_shared_blocks'),
        ('wagtailcore', '0097_baselogentry_uuid_action_timestamp_indexes'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='pressreleasesubmission',
            name='press_duplicate_idx',
        ),
        migrations.RenameField(
            model_name='pressreleasesubmission',
            old_name='contact_email',
            new_name='email',
        ),
        migrations.AlterField(
            model_name='pressreleasesubmission',
            name='email',
            field=models.EmailField(max_length=254, verbose_name='adresse électronique'),
        ),
        migrations.RenameField(
            model_name='pressreleasesubmission',
            old_name='refusal_reason',
            new_name='decision_reason',
        ),
        migrations.AlterField(
            model_name='pressreleasesubmission',
            name='decision_reason',
            field=models.TextField(blank=True, verbose_name='motif de la décision'),
        ),
        migrations.AddField(
            model_name='pressreleasesubmission',
            name='decided_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='décision le'),
        ),
        migrations.AddField(
            model_name='pressreleasesubmission',
            name='page',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.page', verbose_name='page'),
        ),
        migrations.AlterField(
            model_name='pressreleasesubmission',
            name='status',
            field=models.CharField(choices=[('awaiting_confirmation', 'adresse à confirmer'), ('in_review', 'en cours de modération'), ('published', 'publiée'), ('refused', 'refusée'), ('expired', 'expirée')], db_index=True, default='awaiting_confirmation', max_length=24, verbose_name='état'),
        ),
        migrations.AlterField(
            model_name='pressreleasesubmission',
            name='confirmed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='adresse confirmée le'),
        ),
        migrations.AlterField(
            model_name='pressreleasesubmission',
            name='created_at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='reçue le'),
        ),
        migrations.AddIndex(
            model_name='pressreleasesubmission',
            index=models.Index(fields=['email', 'content_hash', 'created_at'], name='press_duplicate_idx'),
        ),
    ]
