"""``essaylens serve``: start the web app for teachers on this machine."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on. The default, 127.0.0.1, is reachable from "
                                           "this computer only; use 0.0.0.0 on a school server (and set "
                                           "ESSAYLENS_TOKEN).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: Annotated[Optional[str], typer.Option(help="Database URL, e.g. postgresql://user:pw@localhost/essaylens. "
                                                   "Default: SQLite in the data folder.")] = None,
    data_dir: Annotated[Optional[Path], typer.Option(help="Data folder for the SQLite database. Default: "
                                                          "$ESSAYLENS_DATA_DIR or ~/.local/share/essaylens.")] = None,
    workers: Annotated[int, typer.Option(help="Essays analysed at the same time.")] = 1,
    allow_host: Annotated[Optional[list[str]], typer.Option(help="Extra host name the browser may use to reach "
                                                                 "the server (repeat for several).")] = None,
) -> None:
    """Start the EssayLens web app: analyse essays and class sets in the browser.

    Open the printed address in a browser. Set ESSAYLENS_TOKEN to require a token on every request.

    Examples:

      essaylens serve

      ESSAYLENS_TOKEN=s3cret essaylens serve --host 0.0.0.0 --port 8080 --db postgresql://essaylens@localhost/essaylens
    """
    import os

    import uvicorn

    from ..errors import EssayLensError
    from .app import LOOPBACK_HOSTS, create_app

    hosts = list(LOOPBACK_HOSTS) + list(allow_host or [])
    if host in ("0.0.0.0", "::", ""):
        hosts = ["*"]
        if not os.environ.get("ESSAYLENS_TOKEN"):
            typer.echo("warning: listening on every network interface without ESSAYLENS_TOKEN; anyone on the "
                       "network can read the essays stored here.", err=True)
    elif host not in hosts:
        hosts.append(host)
    try:
        app = create_app(db_url=db, data_dir=data_dir, workers=workers, allowed_hosts=hosts)
    except EssayLensError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(err.exit_code)
    except Exception as err:  # a bad --db URL or an unreachable server: one clear line
        typer.echo(f"error: cannot open the database: {err}", err=True)
        raise typer.Exit(2)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    typer.echo(f"EssayLens is running: open http://{shown}:{port}/ in your browser (Ctrl+C stops it).")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False)
