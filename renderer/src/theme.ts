import { createTheme, type Theme } from '@mui/material/styles';

/** Calm, dense theme for 8-hour shifts: compact controls, clear focus rings. */
export function makeTheme(mode: 'light' | 'dark'): Theme {
  return createTheme({
    palette: {
      mode,
      primary: { main: mode === 'light' ? '#1d4e89' : '#8ab4f8' },
      secondary: { main: mode === 'light' ? '#00796b' : '#80cbc4' },
      // Status colours meet WCAG AA (4.5:1) for chip text on the colour and the colour as text:
      // MUI's light warning (#ed6c02, 3.11:1 with white) and info, and its dark error (#f44336,
      // 3.68:1 with white) do not.
      ...(mode === 'light'
        ? { warning: { main: '#a85400' }, info: { main: '#01579b' } }
        : { error: { main: '#f44336', contrastText: '#000000' } }),
      background:
        mode === 'light'
          ? { default: '#f4f6f9', paper: '#ffffff' }
          : { default: '#121417', paper: '#1b1e23' },
    },
    shape: { borderRadius: 6 },
    typography: { fontSize: 13, fontFamily: 'Roboto, "Segoe UI", system-ui, sans-serif' },
    components: {
      MuiButton: { defaultProps: { size: 'small', disableElevation: true } },
      MuiTextField: { defaultProps: { size: 'small' } },
      MuiFormControl: { defaultProps: { size: 'small' } },
      MuiTableCell: { styleOverrides: { root: { paddingTop: 4, paddingBottom: 4 } } },
      MuiButtonBase: {
        styleOverrides: {
          root: { '&.Mui-focusVisible': { outline: '2px solid', outlineOffset: 2 } },
        },
      },
    },
  });
}
