print("isomorphiq-tui")
