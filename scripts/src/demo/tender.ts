import type { Departments } from './context';
import type { Narrator } from './narrator';

/** Placeholder until the bid-record chaincode lands. */
export async function tenderChapter(narrator: Narrator, departments: Departments): Promise<void> {
  const { connection } = await departments.get('public-security');
  narrator.chapter('A tender with sealed bids', 'Not part of this build yet.');
  narrator.note(
    `the bid-record chaincode is ${connection.chaincodes.includes('bid-record') ? 'deployed' : 'not deployed'} on this network`,
  );
}
