"""Reading report files and loading them into the warehouse."""
