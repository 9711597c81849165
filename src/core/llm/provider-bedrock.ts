// Built into dist/provider-bedrock.js and loaded only when Claude on Bedrock is used (anthropicClient.ts).
export { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
// The credential chain with a profile and files from a settings file's env (anthropicClient.ts).
export { createCredentialChain, fromEnv, fromNodeProviderChain } from '@aws-sdk/credential-providers';
