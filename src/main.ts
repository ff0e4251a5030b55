import { mount } from 'svelte';
import App from './ui/App.svelte';
import { compileEngineModule } from './ui/engineModule';
import './ui/app.css';

// First, before mounting anything: DuckDB's module downloads and compiles while the page and the worker load.
void compileEngineModule();

mount(App, { target: document.getElementById('app')! });
