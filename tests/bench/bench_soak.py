"""The full crash soak: 50 SIGKILLs at random moments. Prints the figures."""

from __future__ import annotations

from tests.soak import soak_synthetic


def main(kills: int = 50) -> None:
    print(soak_synthetic(kills, seed=50).figures())


if __name__ == "__main__":
    main()
