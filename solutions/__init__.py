"""Reference solutions for the chapter-4 tasks (instructor only; never shipped to students)."""
