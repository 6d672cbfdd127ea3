# French house style applied to django-allauth's French catalogue (see locale/README.md).
s/^E-mail$/Adresse électronique/
s/^E-mail (/Adresse électronique (/
s/^Création de compte$/Inscription/
s/[Aa]dresses e-mail/adresses électroniques/g
s/^adresses électroniques/Adresses électroniques/
s/Adresse e-mail/Adresse électronique/g
s/adresse e-mail/adresse électronique/g
s/par e-mail/par courriel/g
s/Un e-mail/Un courriel/g
s/un e-mail/un courriel/g
s/[lL]['’]e-mail/le courriel/g
s/cet e-mail/ce courriel/g
s/votre e-mail/votre adresse électronique/g
s/même e-mail/même adresse électronique/g
s/E-mail/Courriel/g
s/e-mail/courriel/g
s/[Cc]et email /ce courriel /g
s/^ce courriel/Ce courriel/
s/^\(msgstr "\)ce courriel/\1Ce courriel/
s/, email ou/, adresse électronique ou/g
s/'/’/g
s/ :/ :/g
s/ \([;?!]\)/ \1/g
s/« /« /g
s/ »/ »/g
