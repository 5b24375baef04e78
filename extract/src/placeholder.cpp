// Temporary: keeps the extract target non-empty until its first source lands; delete when adding a real file.
