"""Reading responses the way a browser or a crawler does: parsed HTML, not substrings."""

import extruct
import lxml.html


def parse(response):
    return lxml.html.fromstring(response.content.decode())


def texts(tree, xpath: str) -> list[str]:
    return [" ".join(node.text_content().split()) for node in tree.xpath(xpath)]


def h1s(response) -> list[str]:
    return texts(parse(response), "//h1")


def json_ld(response) -> list[dict]:
    return extruct.extract(response.content.decode(), syntaxes=["json-ld"], uniform=True)["json-ld"]


def json_ld_of_type(response, schema_type: str) -> list[dict]:
    return [item for item in json_ld(response) if item.get("@type") == schema_type]


def opengraph(response) -> dict[str, str]:
    items = extruct.extract(response.content.decode(), syntaxes=["opengraph"])["opengraph"]
    return dict(items[0]["properties"]) if items else {}
