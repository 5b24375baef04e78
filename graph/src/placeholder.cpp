// Temporary: keeps the graph target non-empty until its first source lands; delete when adding a real file.
