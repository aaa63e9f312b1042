package main

// Subcommands still to be built go here until they have their own file.
