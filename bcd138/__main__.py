from bcd138.cli import main

main()
