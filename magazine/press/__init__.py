"""Press releases sent by organisations and press agencies through the public form.

`forms` checks what people send (with `core.forms`, `core.text`, `core.files`), `services` holds the
rules (submission, draft article in the editorial workflow) on the shared pipeline of
`core.submissions` (email confirmation, decision emails, purge), and `views` stays thin. The records are
`magazine.models.press`.
"""
