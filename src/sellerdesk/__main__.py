"""``python -m sellerdesk``: the same command as ``sellerdesk``."""

from sellerdesk.cli.main import main

if __name__ == "__main__":
    main()
