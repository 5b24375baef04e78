// Temporary: keeps the export target non-empty until its first source lands; delete when adding a real file.
