// Applies a chosen light or dark theme before the first paint: the modules run after it, and the
// page would flash in the system's scheme first. lib/theme.js keeps this copy up to date.
try {
  const theme = localStorage.getItem('dam.theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
} catch {
  // storage disabled: the system's colour scheme applies
}
