# Press releases join the shared submission pipeline, step 3 of 3: the columns core's fields replace.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('magazine', '0008_press_release_submission_data'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='pressreleasesubmission',
            name='article',
        ),
        migrations.RemoveField(
            model_name='pressreleasesubmission',
            name='published_email_sent_at',
        ),
        migrations.RemoveField(
            model_name='pressreleasesubmission',
            name='refused_email_sent_at',
        ),
    ]
