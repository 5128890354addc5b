"""Today's date in Sweden and the current instant: the one place the action server reads the clock."""
import datetime as dt
from zoneinfo import ZoneInfo

SWEDEN = ZoneInfo("Europe/Stockholm")


def today_in_sweden() -> dt.date:
    return dt.datetime.now(SWEDEN).date()


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)
