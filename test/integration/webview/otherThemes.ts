import { darkThemeVariables } from './darkTheme';

// The variables VS Code's Light Modern and Dark High Contrast themes give a webview (those media/report.css
// reads), with the body class VS Code sets for each kind of theme; for the contrast test in every theme.

export interface WebviewTheme {
  name: string;
  bodyClass: 'vscode-dark' | 'vscode-light' | 'vscode-high-contrast';
  variables: Record<string, string>;
}

const fonts = {
  '--vscode-font-family': darkThemeVariables['--vscode-font-family']!,
  '--vscode-font-size': '13px',
  '--vscode-editor-font-family': darkThemeVariables['--vscode-editor-font-family']!,
  '--vscode-editor-font-size': '14px',
};

export const darkTheme: WebviewTheme = { name: 'Dark Modern', bodyClass: 'vscode-dark', variables: darkThemeVariables };

export const lightTheme: WebviewTheme = {
  name: 'Light Modern',
  bodyClass: 'vscode-light',
  variables: {
    ...fonts,
    '--vscode-foreground': '#3b3b3b',
    '--vscode-descriptionForeground': '#3b3b3b',
    '--vscode-editor-background': '#ffffff',
    '--vscode-editor-foreground': '#3b3b3b',
    '--vscode-editorWidget-background': '#f8f8f8',
    '--vscode-widget-border': '#e5e5e5',
    '--vscode-panel-border': '#e5e5e5',
    '--vscode-textCodeBlock-background': '#f8f8f8',
    '--vscode-textLink-foreground': '#005fb8',
    '--vscode-textLink-activeForeground': '#005fb8',
    '--vscode-textPreformat-foreground': '#3b3b3b',
    '--vscode-textPreformat-background': '#0000001f',
    '--vscode-textBlockQuote-background': '#f8f8f8',
    '--vscode-textBlockQuote-border': '#e5e5e5',
    '--vscode-inputValidation-warningBackground': '#f6f5d2',
    '--vscode-inputValidation-warningBorder': '#b89500',
    '--vscode-focusBorder': '#005fb8',
    '--vscode-editorError-foreground': '#e51400',
    '--vscode-editorWarning-foreground': '#bf8803',
    '--vscode-editorInfo-foreground': '#1a85ff',
    '--vscode-badge-background': '#cccccc',
    '--vscode-badge-foreground': '#3b3b3b',
    '--vscode-button-background': '#005fb8',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-hoverBackground': '#0258a8',
    '--vscode-button-border': '#0000001a',
    '--vscode-button-secondaryBackground': '#e5e5e5',
    '--vscode-button-secondaryForeground': '#3b3b3b',
    '--vscode-button-secondaryHoverBackground': '#cccccc',
    '--vscode-inputOption-activeBackground': '#bed6ed',
    '--vscode-inputOption-activeBorder': '#005fb8',
    '--vscode-inputOption-activeForeground': '#000000',
    '--vscode-toolbar-hoverBackground': '#b8b8b850',
    '--vscode-sideBar-background': '#f8f8f8',
    '--vscode-gitDecoration-addedResourceForeground': '#587c0c',
    '--vscode-gitDecoration-deletedResourceForeground': '#ad0707',
    '--vscode-testing-iconPassed': '#388a34',
    '--vscode-editor-rangeHighlightBackground': '#fdff0033',
    '--vscode-debugTokenExpression-name': '#9b46b0',
    '--vscode-debugTokenExpression-string': '#a31515',
    '--vscode-debugTokenExpression-boolean': '#0000ff',
    '--vscode-debugTokenExpression-number': '#098658',
    '--vscode-debugTokenExpression-error': '#e51400',
  },
};

export const highContrastTheme: WebviewTheme = {
  name: 'Dark High Contrast',
  bodyClass: 'vscode-high-contrast',
  variables: {
    ...fonts,
    '--vscode-foreground': '#ffffff',
    '--vscode-descriptionForeground': '#ffffffb3',
    '--vscode-editor-background': '#000000',
    '--vscode-editor-foreground': '#ffffff',
    '--vscode-editorWidget-background': '#0c141f',
    '--vscode-widget-border': '#6fc3df',
    '--vscode-panel-border': '#6fc3df',
    '--vscode-textCodeBlock-background': '#000000',
    '--vscode-textLink-foreground': '#21a6ff',
    '--vscode-textLink-activeForeground': '#21a6ff',
    '--vscode-textPreformat-foreground': '#ffffff',
    '--vscode-textPreformat-background': '#000000',
    '--vscode-textBlockQuote-border': '#ffffff',
    '--vscode-inputValidation-warningBackground': '#000000',
    '--vscode-inputValidation-warningBorder': '#6fc3df',
    '--vscode-focusBorder': '#f38518',
    '--vscode-editorError-foreground': '#f48771',
    '--vscode-editorWarning-foreground': '#ffd370',
    '--vscode-editorInfo-foreground': '#3794ff',
    '--vscode-badge-background': '#000000',
    '--vscode-badge-foreground': '#ffffff',
    '--vscode-button-background': '#000000',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-border': '#6fc3df',
    '--vscode-button-secondaryForeground': '#ffffff',
    '--vscode-inputOption-activeBorder': '#6fc3df',
    '--vscode-inputOption-activeForeground': '#ffffff',
    '--vscode-sideBar-background': '#000000',
    '--vscode-gitDecoration-addedResourceForeground': '#a1e3ad',
    '--vscode-gitDecoration-deletedResourceForeground': '#c74e39',
    '--vscode-testing-iconPassed': '#73c991',
    '--vscode-debugTokenExpression-name': '#ffffff',
    '--vscode-debugTokenExpression-string': '#f48771',
    '--vscode-debugTokenExpression-boolean': '#75bdfe',
    '--vscode-debugTokenExpression-number': '#89d185',
    '--vscode-debugTokenExpression-error': '#f48771',
  },
};
