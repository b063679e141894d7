from sitectl.cli import main

main()
