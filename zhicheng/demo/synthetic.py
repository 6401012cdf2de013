"""Synthetic identity numbers and credit codes, valid by checksum, for demo data and tests.

They follow the national formats exactly, so the system's validators accept them, but they
belong to nobody: every record made with them is flagged as demo data.
"""

import datetime
import random

from stdnum.cn import ric, uscc

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def synthetic_id_number(region_code: str, birth: datetime.date, sequence: int) -> str:
    """GB 11643-1999: 6-digit region, 8-digit birth date, 3-digit order code, check character."""
    body = f"{region_code}{birth:%Y%m%d}{sequence % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def synthetic_credit_code(authority: str, region_code: str, serial: int) -> str:
    """GB 32100-2015: 2-character registration authority and kind, 6-digit region, 9-character
    subject code, check character."""
    rng = random.Random(serial)
    subject = "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    body = f"{authority}{region_code}{subject}"
    return body + uscc.calc_check_digit(body)
