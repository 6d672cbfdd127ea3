"""Pages of the reference app measured by `make bench`."""


def bench_pages():
    return [("communes_autocomplete", "/referentiel/communes/?q=lyon")]
