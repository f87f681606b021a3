import type { Departments } from './context';
import type { Narrator } from './narrator';

/** Placeholder until the real-estate chaincode lands. */
export async function propertyChapter(narrator: Narrator, departments: Departments): Promise<void> {
  const { connection } = await departments.get('public-security');
  narrator.chapter('A stock-housing sale at one window', 'Not part of this build yet.');
  narrator.note(
    `the real-estate chaincode is ${connection.chaincodes.includes('real-estate') ? 'deployed' : 'not deployed'} on this network`,
  );
}
