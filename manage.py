#!/usr/bin/env python
from tongket.__main__ import main

if __name__ == "__main__":
    main()
