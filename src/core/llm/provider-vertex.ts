// Built into dist/provider-vertex.js and loaded only when Claude on Vertex AI is used (anthropicClient.ts).
export { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
// Google's auth with a credentials file from a settings file's env (anthropicClient.ts).
export { GoogleAuth } from 'google-auth-library';
