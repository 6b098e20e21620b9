"""Small `dlkit` subcommands; the large ones have packages of their own."""
