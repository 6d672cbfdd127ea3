"""Press releases sent by organisations and press agencies through the public form.

`forms` checks what people send, `attachments` checks the files by their content, `services` holds the
rules (submission, email confirmation, draft article in the editorial workflow, decision emails) and
`views` stays thin.
"""
