from konnektus.cli import main

main(prog_name="python -m konnektus")
