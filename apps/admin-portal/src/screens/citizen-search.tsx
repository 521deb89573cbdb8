import type { IdentityClient, IdentitySchemas } from '@citizen-zero/identity-client';
import { type FormEvent, useState } from 'react';
import { expectData } from '../api/api-error';
import { type AsyncState, AsyncView } from '../components/async-state';
import { Link } from '../router';

type Person = IdentitySchemas['PersonResponseDto'];
type Mode = 'nin' | 'name';

/**
 * Search by national identification number, or by family name, given names and date of birth
 * (the identity service looks both up through blind indexes). Every search and every record it
 * returns is written to the audit log under the official's name, and the screen says so.
 */
export function CitizenSearch({ identity }: { readonly identity: IdentityClient }) {
  const [mode, setMode] = useState<Mode>('nin');
  const [nin, setNin] = useState('');
  const [familyName, setFamilyName] = useState('');
  const [givenNames, setGivenNames] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [results, setResults] = useState<AsyncState<Person[]> | undefined>();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const query = mode === 'nin' ? { nationalIdNumber: nin.trim() } : { familyName: familyName.trim(), givenNames: givenNames.trim(), birthDate };
    const missing = Object.entries(query).filter(([, value]) => value === '');
    if (missing.length > 0) {
      setProblem(mode === 'nin' ? 'Enter the national identification number.' : 'Enter the family name, the given names and the date of birth: all three are needed.');
      return;
    }
    setProblem(undefined);
    setResults({ status: 'loading' });
    try {
      setResults({ status: 'ready', value: await expectData(identity.GET('/persons', { params: { query } })) });
    } catch (error) {
      setResults({ status: 'error', error: error as Error });
    }
  };

  return (
    <section aria-labelledby="search-title">
      <h1 id="search-title">Citizen search</h1>
      <p className="notice" role="note">
        Searches and the records they show are decrypted for you and recorded in the audit log under your name. Search only for a case you are working on.
      </p>
      <form onSubmit={(event) => void onSubmit(event)} aria-describedby={problem ? 'search-problem' : undefined} noValidate>
        <fieldset>
          <legend>Search by</legend>
          <label>
            <input type="radio" name="mode" value="nin" checked={mode === 'nin'} onChange={() => setMode('nin')} /> ID number
          </label>
          <label>
            <input type="radio" name="mode" value="name" checked={mode === 'name'} onChange={() => setMode('name')} /> Name and date of birth
          </label>
        </fieldset>
        {mode === 'nin' ? (
          <label className="field">
            National ID number
            <input name="nationalIdNumber" value={nin} onChange={(event) => setNin(event.target.value)} autoComplete="off" inputMode="numeric" />
          </label>
        ) : (
          <div className="field-row">
            <label className="field">
              Family name
              <input name="familyName" value={familyName} onChange={(event) => setFamilyName(event.target.value)} autoComplete="off" />
            </label>
            <label className="field">
              Given names
              <input name="givenNames" value={givenNames} onChange={(event) => setGivenNames(event.target.value)} autoComplete="off" />
            </label>
            <label className="field">
              Date of birth
              <input name="birthDate" type="date" value={birthDate} onChange={(event) => setBirthDate(event.target.value)} />
            </label>
          </div>
        )}
        {problem && (
          <p id="search-problem" role="alert" className="message error">
            {problem}
          </p>
        )}
        <button type="submit" disabled={results?.status === 'loading'}>
          Search
        </button>
      </form>
      {results && (
        <AsyncView state={results} label="search results" isEmpty={(people) => people.length === 0} empty="No citizen matches. Check the spelling and the date, or search by ID number.">
          {(people) => <PersonTable people={people} />}
        </AsyncView>
      )}
    </section>
  );
}

function PersonTable({ people }: { readonly people: readonly Person[] }) {
  return (
    <table className="results">
      <caption>
        {people.length} {people.length === 1 ? 'citizen' : 'citizens'} found (this view is audited)
      </caption>
      <thead>
        <tr>
          <th scope="col">National ID number</th>
          <th scope="col">Name</th>
          <th scope="col">Date of birth</th>
          <th scope="col">Place of birth</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {people.map((person) => (
          <tr key={person.id}>
            <td>
              <code>{person.nationalIdNumber}</code>
            </td>
            <td>
              <Link to={`/citizens/${encodeURIComponent(person.id)}`}>
                {person.familyName.toUpperCase()}, {person.givenNames}
              </Link>
            </td>
            <td>{person.birthDate}</td>
            <td>{person.placeOfBirth}</td>
            <td>{person.status}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
