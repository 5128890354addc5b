"""`rasa run` with the token of its HTTP API taken from the environment, not the command line.

Rasa 3.6 accepts the token only as `--auth-token`, and a command line is readable by every local user
(`ps`, /proc/<pid>/cmdline). This wrapper is started without it (`python -m bot.run_rasa --enable-api
...`), reads $RASA_TOKEN (readable only by the same user, in /proc/<pid>/environ) and hands Rasa's own
command-line entry point the option in-process, so the token never appears in any process's arguments.
It refuses to start the HTTP API without a token.

It also makes Rasa lighter to start and to keep: it builds the NLU models eagerly at load and returns
the memory their loading freed (bot/model_loading.py), and turns off TensorFlow's oneDNN graph rewrites
(TF_ENABLE_ONEDNN_OPTS=0, unless set otherwise), which cost some 80 MiB of resident memory for models
this small (bench/results/model_size.md).
"""
from __future__ import annotations

import os
import sys

TOKEN_ENV = "RASA_TOKEN"
ONEDNN_ENV = "TF_ENABLE_ONEDNN_OPTS"  # read by TensorFlow when it is imported


def rasa_arguments(arguments: list[str], token: str) -> list[str]:
    """The arguments of `rasa run` for Rasa's entry point, the token added when the HTTP API is on.

    >>> rasa_arguments(["--enable-api", "-p", "5005"], "t0k3n")
    ['rasa', 'run', '--enable-api', '-p', '5005', '--auth-token=t0k3n']

    The token is joined to its option: a token that begins with "-" (as a URL-safe random one may)
    would otherwise pass for another option.

    >>> rasa_arguments(["--enable-api"], "-x")
    ['rasa', 'run', '--enable-api', '--auth-token=-x']
    """
    if any(argument.startswith("--auth-token") or argument == "-t" for argument in arguments):
        raise SystemExit("pass the token in $RASA_TOKEN, not on the command line")
    if "--enable-api" in arguments:
        if not token:
            raise SystemExit(f"${TOKEN_ENV} is empty: Rasa's HTTP API must not run without a token")
        arguments = [*arguments, f"--auth-token={token}"]
    return ["rasa", "run", *arguments]


def main() -> None:
    sys.argv = rasa_arguments(sys.argv[1:], os.environ.get(TOKEN_ENV, ""))
    os.environ.setdefault(ONEDNN_ENV, "0")
    from rasa.__main__ import main as rasa_main

    from bot import model_loading

    model_loading.install()
    rasa_main()


if __name__ == "__main__":
    main()
