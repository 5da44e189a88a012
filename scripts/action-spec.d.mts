import type { ActionSpec } from '@keyturn/core';

export function specFromActionYml(name: string, text: string): ActionSpec;
export function renderSpecModule(spec: ActionSpec): string;
export function actionsWithSpec(): string[];
export function generatedPath(name: string): string;
export function expectedModule(name: string): string;
export function writeSpecModules(): void;
