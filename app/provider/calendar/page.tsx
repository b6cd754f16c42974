import { CalendarView } from './calendar-view';

export const metadata = { title: 'Calendar' };

export default function CalendarPage() {
  return <CalendarView />;
}
