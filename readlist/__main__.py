"""`python -m readlist`."""

from readlist.cli import main

if __name__ == "__main__":
    main()
