import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

/**
The terminal's rows and columns, following resizes. Test terminals have no rows, so 24 by 100 stands in.
*/
export const useTerminalSize = () => {
	const {stdout} = useStdout();
	const read = () => ({rows: stdout.rows || 24, columns: stdout.columns || 100});
	const [size, setSize] = useState(read);
	useEffect(() => {
		const onResize = () => {
			setSize(read());
		};

		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
};
