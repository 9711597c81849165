// Built into dist/provider-openai.js and loaded only when the OpenAI provider is used (openaiClient.ts):
// an Anthropic session neither parses nor evaluates the half megabyte of the OpenAI SDK.
export { default as OpenAI, AzureOpenAI } from 'openai';
